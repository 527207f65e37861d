package io.tmr.core.nn;
import io.tmr.core.tensor.*;
public class GeluParts {
  static double time(Runnable r){ for(int i=0;i<5;i++) r.run(); double[] g=new double[15]; for(int i=0;i<g.length;i++){long t=System.nanoTime(); r.run(); g[i]=(System.nanoTime()-t)/1e6;} java.util.Arrays.sort(g); return g[g.length/2]; }
  public static void main(String[] args){
    int n=1024, reps=4096;
    float[] x=new float[n], g=new float[n], d=new float[n], e=new float[n], sc=new float[n];
    java.util.Random r=new java.util.Random(1); for(int i=0;i<n;i++) x[i]=(float)r.nextGaussian();
    float P=0.3275911f, A1=0.254829592f, A2=-0.284496736f, A3=1.421413741f, A4=-1.453152027f, A5=1.061405429f;
    float is2=(float)0.7071067811865476, isp=(float)0.3989422804014327;
    for(int rep=0;rep<3;rep++){
      double l1=time(()->{ for(int q=0;q<reps;q++) for(int i=0;i<n;i++){ float z=Math.abs(x[i])*is2; g[i]=1f/(1f+P*z); e[i]=-z*z; } });
      double ex=time(()->{ for(int q=0;q<reps;q++){ System.arraycopy(x,0,e,0,n); FastMath.expInPlace(e,n,sc);} });
      double l2=time(()->{ for(int q=0;q<reps;q++) for(int i=0;i<n;i++){ float t=g[i]; float poly=((((A5*t+A4)*t+A3)*t+A2)*t+A1)*t; float erfAbs=1f-poly*e[i]; float xi=x[i]; float sign=xi/(Math.abs(xi)+1e-30f); float cdf=0.5f+0.5f*sign*erfAbs; d[i]=cdf+xi*isp*e[i]; } });
      double l2b=time(()->{ for(int q=0;q<reps;q++) for(int i=0;i<n;i++){ float t=g[i]; float poly=((((A5*t+A4)*t+A3)*t+A2)*t+A1)*t; float erfAbs=1f-poly*e[i]; float xi=x[i]; float cdf=0.5f+0.5f*erfAbs; d[i]=cdf+xi*isp*e[i]; } });
      double N=(double)n*reps;
      System.out.printf("ns/el: loop1 %.3f exp %.3f loop2 %.3f loop2-without-sign-division %.3f%n", l1*1e6/N, ex*1e6/N, l2*1e6/N, l2b*1e6/N);
    }
  }
}
